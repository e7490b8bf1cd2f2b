using System.Xml.Linq;
using Conference.Common;
using Conference.Common.Settings;
using Infrastructure.Messaging;
using Infrastructure.Sql.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Registration.Contracts.Events;

namespace Conference.Processor.Tests;

/// <summary>
/// The processor as a real process, killed (no shutdown) while orders are in flight and started again:
/// the final state is the same as if it had never died, with nothing lost, duplicated or oversold.
/// </summary>
public abstract class ProcessorCrashSpecs : IAsyncLifetime
{
    private const int Orders = 8;
    private const int Quota = 20;
    private readonly string folder = Directory.CreateTempSubdirectory("conference-crash").FullName;
    private ITestDatabase database = null!;
    private Dictionary<string, string> environment = null!;
    private IHost client = null!;
    private ConferenceJourney journey = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        environment = TestSettings.EnvironmentFor(database.Database, Path.Combine(folder, "mail"));
        environment[ConferenceSettingsFile.Variable] = TestSettings.WriteWithShortLocks(folder);
        var settings = TestSettings.Read(environment);

        // What the sites run: Conference Management, the read model and the buses, but no handlers.
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddConferenceInfrastructure(settings)
            .AddSqlConferenceManagement(settings.Database)
            .AddSqlRegistrationReadModel(settings.Database);
        client = builder.Build();
        await client.StartAsync();
        journey = new ConferenceJourney(client.Services, TimeSpan.FromSeconds(120));
    }

    public async Task DisposeAsync()
    {
        await client.StopAsync();
        client.Dispose();
        await database.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task given_orders_in_flight_when_the_processor_is_killed_and_restarted_then_every_order_completes_once()
    {
        var first = await ProcessorProcess.StartAsync(environment, folder);
        await journey.CreateAndPublishConferenceAsync(Quota);
        await journey.WaitForSeatTypesAsync(s => s.Count == 2 && s.All(t => t.AvailableQuantity == Quota), "seat types");

        var purchases = Enumerable.Range(0, Orders).Select(i => journey.RegisterAndPayAsync($"registrant{i}@example.com")).ToList();
        await journey.WaitForManagedOrdersAsync(o => o.Count >= 2, "orders in flight");
        await first.KillAsync();
        var confirmedBeforeTheCrash = purchases.Count(p => p.IsCompletedSuccessfully);
        var firstOutput = first.Output;
        await first.DisposeAsync();

        await using var second = await ProcessorProcess.StartAsync(environment, folder);
        Guid[] orderIds;
        try
        {
            orderIds = await Task.WhenAll(purchases);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\n--- what is left ---\n{await LeftoversAsync()}\n--- first processor ---\n{Tail(firstOutput)}\n--- second processor ---\n{Tail(second.Output)}", ex);
        }

        Assert.True(confirmedBeforeTheCrash < Orders, "The processor died after every order was done: the test proved nothing.");
        IReadOnlyList<Registration.ReadModel.SeatType> seatTypes;
        try
        {
            seatTypes = await journey.WaitForSeatTypesAsync(s => s.All(t => t.AvailableQuantity == Quota - Orders), "availability after every order");
        }
        catch (TimeoutException ex)
        {
            var shown = await journey.Conferences.GetPublishedSeatTypesAsync(journey.ConferenceId, default);
            var history = await journey.EventsAsync("SeatsAvailability", journey.ConferenceId);
            throw new TimeoutException(
                $"{ex.Message} Read model: {string.Join(", ", shown.Select(t => $"{t.Name} {t.AvailableQuantity}"))}; SeatsAvailability events: {string.Join(", ", history.Select(e => e.GetType().Name))}",
                ex);
        }

        Assert.All(seatTypes, t => Assert.Equal(Quota - Orders, t.AvailableQuantity));
        await journey.WaitForManagedOrdersAsync(o => o.Count == Orders && o.All(x => x.Status == OrderStatus.Confirmed), "every order confirmed in Conference Management");
        foreach (var orderId in orderIds)
        {
            Assert.Equal(1, ConferenceJourney.CountOf<OrderConfirmed>(await journey.EventsAsync("Order", orderId)));
        }

        var availability = await journey.EventsAsync("SeatsAvailability", journey.ConferenceId);
        Assert.Equal(Orders, ConferenceJourney.CountOf<SeatsReservationCommitted>(availability));
        Assert.Equal(Orders, availability.OfType<SeatsReserved>().Select(e => e.ReservationId).Distinct().Count());
        Assert.Empty(await DeadLettersAsync());
    }

    /// <summary>Messages not completed, dead letters and unpublished events: where a stuck order stands.</summary>
    private async Task<string> LeftoversAsync()
    {
        var report = new System.Text.StringBuilder();
        await using var connection = await database.Database.OpenConnectionAsync(default);
        foreach (var query in new[]
        {
            """SELECT 'message', "Subscription", "TypeName", "SourceId", "Version", "DeliveryCount", "VisibleAt" FROM "Messages" """,
            """SELECT 'dead letter', "Subscription", "TypeName", "SourceId", "Version", "DeliveryCount", "Reason" FROM "DeadLetters" """,
            """SELECT 'unpublished', "SourceType", "TypeName", "SourceId", "Version", 0, 0 FROM "UnpublishedEvents" """,
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = query;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                report.AppendLine(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i))));
            }
        }

        // The story of every order with a dead letter: its events, and what the message log saw.
        var stuck = new List<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = """SELECT DISTINCT "SourceId" FROM "DeadLetters" WHERE "SourceId" IS NOT NULL""";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stuck.Add(reader.GetString(0));
            }
        }

        foreach (var sourceId in stuck)
        {
            foreach (var query in new[]
            {
                """SELECT 'event', "SourceType", "TypeName", "Version", "CreatedAt" FROM "Events" WHERE "SourceId" = @id ORDER BY "Version" """,
                """SELECT 'logged', "Topic", "TypeName", "Version", "EnqueuedAt" FROM "MessageLog" WHERE "SourceId" = @id ORDER BY "EnqueuedAt" """,
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = query;
                var parameter = command.CreateParameter();
                parameter.ParameterName = "id";
                parameter.Value = sourceId;
                command.Parameters.Add(parameter);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    report.AppendLine(sourceId + " | " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetValue(i))));
                }
            }
        }

        return report.ToString();
    }

    private async Task<List<string>> DeadLettersAsync()
    {
        var transport = client.Services.GetRequiredService<IMessageTransport>();
        var found = new List<string>();
        foreach (var topic in client.Services.GetRequiredService<MessagingTopology>().Topics)
        {
            foreach (var subscription in topic.Subscriptions)
            {
                found.AddRange((await transport.DeadLetters.ListAsync(topic.Path, subscription.Name, 10, default))
                    .Select(d => $"{topic.Path}/{subscription.Name}: {d.Message.TypeName} {d.Reason}"));
            }
        }

        return found;
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}

public sealed class SqliteProcessorCrashSpecs : ProcessorCrashSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresProcessorCrashSpecs : ProcessorCrashSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}
