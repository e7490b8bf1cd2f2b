using Conference.Contracts;
using Conference.Database;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Infrastructure.Sql.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Registration.Contracts;

namespace Conference.Tests;

/// <summary>
/// A fresh database per test with Conference Management's migration applied; subclasses pick SQLite
/// or PostgreSQL. Each unit of work gets its own context, as each request or message does in the hosts.
/// </summary>
public abstract class ConferenceDatabaseSpecs : IAsyncLifetime
{
    protected static readonly DateTimeOffset Start = new(2030, 5, 20, 9, 0, 0, TimeSpan.Zero);

    protected ITestDatabase Database { get; private set; } = null!;

    protected JsonMessageSerializer Serializer { get; } =
        new(RegistrationMessageTypes.Register(ConferenceMessageTypes.Register(new MessageTypeRegistry())));

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public virtual async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<ConferenceDbContext>(
            Database.Database, ConferenceDbContext.MigrationsHistoryTable, o => new ConferenceDbContext(o), default);
    }

    // Null when the database could not be made (a SQL Server suite without a server is skipped).
    public virtual Task DisposeAsync() => Database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    protected ConferenceDbContext NewContext() =>
        new(Database.Database.CreateOptions<ConferenceDbContext>(ConferenceDbContext.MigrationsHistoryTable));

    /// <summary>Runs <paramref name="action"/> in a unit of work of its own.</summary>
    protected async Task<T> WithServiceAsync<T>(IEventBus bus, Func<ConferenceService, Task<T>> action)
    {
        await using var context = NewContext();
        return await action(new ConferenceService(context, bus, Serializer, TimeProvider.System, NullLogger<ConferenceService>.Instance));
    }

    protected Task WithServiceAsync(IEventBus bus, Func<ConferenceService, Task> action) =>
        WithServiceAsync(bus, async service =>
        {
            await action(service);
            return true;
        });

    protected EventOutboxSweeper<ConferenceDbContext> OutboxPublisher(IEventBus bus, EventOutboxSweeperOptions? options = null) =>
        TestSweepers.Create(NewContext, bus, Serializer, options ?? new EventOutboxSweeperOptions { BatchSize = 3 });

    protected async Task<List<PendingEvent>> OutboxAsync()
    {
        await using var context = NewContext();
        return await context.Outbox.AsNoTracking().OrderBy(r => r.SourceId).ThenBy(r => r.Version).ToListAsync();
    }

    protected static ConferenceDetails Details(string slug = "cqrs-summit", string name = "CQRS Summit") =>
        new(name, "Two days of commands and events.", "Redmond", "Tell, don't ask", "#cqrs", slug, Start, Start.AddDays(2));

    protected static Owner Owner(string email = "ada@contoso.com") => new("Ada Lovelace", email);

    protected static SeatTypeDetails Seat(string name = "General", decimal price = 199m, int quantity = 100) =>
        new(name, $"{name} admission", price, quantity);
}
