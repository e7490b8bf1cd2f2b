using System.Globalization;
using Conference.AcceptanceTests.Drivers;
using Conference.Common;
using Conference.Common.Settings;
using Discounts.Contracts;
using Discounts.Contracts.Commands;
using Infrastructure.Messaging;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Registration.Contracts;
using Registration.Contracts.Commands;
using Registration.ReadModel;
using Registration.ReadModel.Implementation;

namespace Conference.AcceptanceTests.Steps.Registration;

/// <summary>
/// The registrant's side of the running system for one scenario: which public site it uses (the
/// shared one, or a separate pair with its own settings), and a conference seeded for the scenario
/// through Conference Management, as a business customer would create and publish it.
/// </summary>
public sealed class RegistrationDriver(SystemUnderTest system)
{
    private IReadOnlyDictionary<string, string> overrides = new Dictionary<string, string>();
    private string? pairKey;

    public HostProcess Site { get; private set; } = null!;

    public string Slug { get; private set; } = string.Empty;

    public Guid ConferenceId { get; private set; }

    public Dictionary<string, Guid> SeatTypes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> Quotas { get; } = new(StringComparer.Ordinal);

    /// <summary>The seeded conference's owner, who finds it on the management site with <see cref="AccessCode"/>.</summary>
    public string OwnerEmail { get; } = "william@fabrikam.example";

    public string AccessCode { get; private set; } = string.Empty;

    public SystemUnderTest System => system;

    /// <summary>Later hosts of this scenario run as a separate pair with these settings (their own database).</summary>
    public void UseSeparateHosts(string key, IReadOnlyDictionary<string, string> settings)
    {
        pairKey = key;
        overrides = settings;
    }

    public async Task<HostProcess> StartSiteAsync()
    {
        Site = pairKey is null ? await system.PublicSiteAsync() : await system.PublicSiteAsync(pairKey, overrides);
        return Site;
    }

    public Uri Url(string relative) => Site.Url(relative);

    /// <summary>
    /// Freezes the processor working on the database of <see cref="Site"/> at a moment it holds no write
    /// lock (frozen inside a write, it would block the sites too); returns it, to be resumed.
    /// </summary>
    public async Task<HostProcess> PauseProcessorAsync()
    {
        var processor = pairKey is null ? await system.ProcessorAsync() : await system.ProcessorAsync(pairKey, overrides);
        var database = (pairKey is null ? system.Settings() : system.OwnDatabase(pairKey, overrides))["Conference__Database__ConnectionString"];
        while (true)
        {
            await processor.PauseAsync();
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(database) { Pooling = false, DefaultTimeout = 1 }.ToString());
            await connection.OpenAsync();
            try
            {
                await using var begin = connection.CreateCommand();
                begin.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
                await begin.ExecuteNonQueryAsync();
                return processor;
            }
            catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
            {
                // SQLITE_BUSY or SQLITE_LOCKED: frozen mid-write. Let it finish and freeze it again.
                await processor.ResumeAsync();
            }
        }
    }

    /// <summary>The management site on the same database as <see cref="Site"/>.</summary>
    public Task<HostProcess> AdminSiteAsync() => pairKey is null ? system.AdminSiteAsync() : system.AdminSiteAsync(pairKey, overrides);

    /// <summary>The scenario's conference is one a business customer made on the management site.</summary>
    public async Task UseConferenceAsync(string slug)
    {
        await StartSiteAsync();
        Slug = slug;
    }

    /// <summary>Creates and publishes a conference with these seat types, and waits until registration shows it.</summary>
    public async Task SeedConferenceAsync(string name, IReadOnlyList<SeatTypeRow> seatTypes)
    {
        await StartSiteAsync();
        Slug = ("s" + Guid.NewGuid().ToString("N"))[..16];
        await using var host = await StartHelperHostAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var service = scope.ServiceProvider.GetRequiredService<ConferenceService>();
            var start = new DateTimeOffset(DateTime.UtcNow.Date.AddMonths(2), TimeSpan.Zero);
            var conference = await service.CreateConferenceAsync(
                new Contracts.Owner("William Flash", OwnerEmail),
                new global::Conference.ConferenceDetails(name, name + ", the conference of the CQRS journey", "Redmond", "Learn CQRS", "#cqrs", Slug, start, start.AddDays(1)),
                default);
            ConferenceId = conference.Id;
            AccessCode = conference.AccessCode;
            foreach (var seat in seatTypes)
            {
                SeatTypes[seat.Name] = (await service.CreateSeatAsync(conference.Id, new global::Conference.SeatTypeDetails(seat.Name, seat.Name + " seat", seat.Price, seat.Quota), default)).Id;
                Quotas[seat.Name] = seat.Quota;
            }

            await service.PublishAsync(conference.Id, default);
        }

        // Straight from the read model (not the site's cache) so the site never caches a half-made conference.
        var dao = host.Services.GetRequiredService<ConferenceDao>();
        await WaitAsync(
            async () => await dao.GetConferenceAliasAsync(Slug, default) is { IsPublished: true }
                && (await dao.GetPublishedSeatTypesAsync(ConferenceId, default)).Count(t => t.AvailableQuantity == Quotas[t.Name]) == seatTypes.Count,
            "the published conference and its seats in the registration read model");
    }

    /// <summary>Another registrant's order placed straight through the command bus; returns its id.</summary>
    public async Task<Guid> PlaceOrderDirectlyAsync(string seatType, int quantity)
    {
        await using var host = await StartHelperHostAsync();
        var orderId = Guid.NewGuid();
        await host.Services.GetRequiredService<ICommandBus>().SendAsync(new RegisterToConference(orderId, ConferenceId, [new SeatQuantity(SeatTypes[seatType], quantity)]), default);
        var orders = host.Services.GetRequiredService<IOrderDao>();
        await WaitAsync(async () => await orders.FindDraftOrderAsync(orderId, default) is { State: not DraftOrderState.Created }, $"the other registrant's order {orderId} reserved");
        return orderId;
    }

    /// <summary>Waits until the order's reservation ran out on its own: the processor rejected it when its seats were released.</summary>
    public async Task WaitUntilRejectedAsync(Guid orderId, int seconds)
    {
        await using var host = await StartHelperHostAsync();
        var orders = host.Services.GetRequiredService<IOrderDao>();
        await WaitAsync(async () => await orders.FindDraftOrderAsync(orderId, default) is { State: DraftOrderState.Rejected }, $"the other registrant's order {orderId} to run out", seconds);
    }

    /// <summary>Defines the promotional codes for the conference through the command bus and waits until registration knows them.</summary>
    public async Task DefinePromotionalCodesAsync(IReadOnlyList<PromotionalCodeRow> codes)
    {
        await using var host = await StartHelperHostAsync();
        foreach (var code in codes)
        {
            var seatTypes = code.AppliesTo == "all" ? Array.Empty<Guid>() : code.AppliesTo.Split(',', StringSplitOptions.TrimEntries).Select(name => SeatTypes[name]).ToArray();
            var combining = code.Combining switch { "cumulative" => CombiningRule.Cumulative, "exclusive" => CombiningRule.Exclusive, _ => CombiningRule.None };
            await host.Services.GetRequiredService<ICommandBus>().SendAsync(
                new DefinePromotionalCode(
                    ConferenceId,
                    code.Code,
                    code.Kind == "percent" ? DiscountKind.Percentage : DiscountKind.AmountOffOrder,
                    code.Discount,
                    seatTypes,
                    code.Quota == "unlimited" ? null : int.Parse(code.Quota, CultureInfo.InvariantCulture),
                    combining,
                    null),
                default);
        }

        var dao = host.Services.GetRequiredService<IPromotionalCodeDao>();
        await WaitAsync(async () => (await dao.GetPromotionalCodesAsync(ConferenceId, default)).Count == codes.Count, "the promotional codes in the registration read model");
    }

    /// <summary>Another registrant's order, reserved, with promotional codes entered, straight through the command bus.</summary>
    public async Task<Guid> PlaceOrderWithCodesDirectlyAsync(IReadOnlyList<(string SeatType, int Quantity)> seats, IReadOnlyList<string> codes)
    {
        await using var host = await StartHelperHostAsync();
        var orderId = Guid.NewGuid();
        var bus = host.Services.GetRequiredService<ICommandBus>();
        await bus.SendAsync(new RegisterToConference(orderId, ConferenceId, [.. seats.Select(s => new SeatQuantity(SeatTypes[s.SeatType], s.Quantity))]), default);
        var orders = host.Services.GetRequiredService<IOrderDao>();
        await WaitAsync(async () => await orders.FindDraftOrderAsync(orderId, default) is { State: not DraftOrderState.Created }, $"the other registrant's order {orderId} reserved");
        await bus.SendAsync(new ApplyPromotionalCodes(orderId, codes), default);
        return orderId;
    }

    /// <summary>Waits until the order's code has an outcome; null when it was applied.</summary>
    public async Task<PromotionalCodeRefusal?> PromotionalCodeOutcomeAsync(Guid orderId, string code)
    {
        await using var host = await StartHelperHostAsync();
        var dao = host.Services.GetRequiredService<IPromotionalCodeDao>();
        PromotionalCodeOutcome? outcome = null;
        await WaitAsync(
            async () => (outcome = (await dao.FindOrderPromotionalCodesAsync(orderId, default))?.Codes.FirstOrDefault(c => c.Code == code && c.Refusal is not null)) is not null,
            $"the outcome of {code} on order {orderId}");
        return outcome?.Refusal;
    }

    /// <summary>Seats still available in the registration read model.</summary>
    public async Task<IReadOnlyList<global::Registration.ReadModel.SeatType>> SeatTypesAsync()
    {
        await using var host = await StartHelperHostAsync();
        return await host.Services.GetRequiredService<ConferenceDao>().GetPublishedSeatTypesAsync(ConferenceId, default);
    }

    public async Task<DraftOrder?> FindOrderAsync(Guid orderId)
    {
        await using var host = await StartHelperHostAsync();
        return await host.Services.GetRequiredService<IOrderDao>().FindDraftOrderAsync(orderId, default);
    }

    public static async Task WaitAsync(Func<Task<bool>> condition, string what, int seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {seconds} s for {what}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Conference Management, the command bus and the read model on the hosts' database, in this process.</summary>
    private async Task<HelperHost> StartHelperHostAsync()
    {
        // The hosts' settings, as their environment gives them, on top of this process's environment.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(
            system.Settings(pairKey is null ? null : system.OwnDatabase(pairKey, overrides))
                .Select(s => KeyValuePair.Create(s.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)s.Value)));
        if (string.IsNullOrWhiteSpace(builder.Configuration[ConferenceSettingsFile.Variable]))
        {
            ((IConfigurationBuilder)builder.Configuration).AddConferenceSettingsFile(null);
        }
        else
        {
            builder.Configuration.AddConferenceSettings();
        }

        var settings = ConferenceSettings.Read(builder.Configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services
            .AddConferenceInfrastructure(settings)
            .AddSqlConferenceManagement(settings.Database)
            .AddSqlRegistrationReadModel(settings.Database);
        var host = builder.Build();
        await host.StartAsync();
        return new HelperHost(host);
    }

    private sealed class HelperHost(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;

        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}

public sealed record SeatTypeRow(string Name, decimal Price, int Quota);
