using Infrastructure.Sql.Database;
using Infrastructure.Sql.EventSourcing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Infrastructure.Sql.Tests;

/// <summary>
/// Who migrates a store: its owner (the processor) migrates every store it registered before anything
/// else starts; a host that only uses a store (a site) waits for the owner and never migrates it.
/// </summary>
public sealed class SqlStoreSpecs : IAsyncLifetime
{
    private readonly string path = Path.Combine(Path.GetTempPath(), "conference-tests", $"stores-{Guid.NewGuid():N}.db");

    private SqlDatabase Database => new(SqlProvider.Sqlite, $"Data Source={path}");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }

    [Fact]
    public async Task given_an_owner_when_it_starts_then_every_store_it_registered_is_migrated()
    {
        using var owner = Host(services => services.AddSqlEventStore(Database).AddSqlBlobStorage(Database));

        await owner.StartAsync();

        foreach (var store in owner.Services.GetServices<SqlStore>())
        {
            Assert.Empty(await store.PendingMigrationsAsync(default));
        }

        Assert.Equal(["event store", "blob storage"], owner.Services.GetServices<SqlStore>().Select(s => s.Name));
        await owner.StopAsync();
    }

    [Fact]
    public async Task given_a_host_that_only_uses_a_store_when_no_owner_migrates_it_then_start_fails_naming_the_store_and_nothing_was_migrated()
    {
        using var user = Host(services => services.AddSqlEventStore(Database).UseSqlStoresMigratedByOwner(TimeSpan.FromSeconds(1)));

        var refused = await Assert.ThrowsAsync<StoreNotMigratedException>(() => user.StartAsync());

        Assert.Contains("event store", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Conference.Processor", refused.Message, StringComparison.Ordinal);
        var store = user.Services.GetServices<SqlStore>().Single();
        Assert.NotEmpty(await store.PendingMigrationsAsync(default));
    }

    [Fact]
    public async Task given_a_host_that_only_uses_a_store_when_the_owner_migrates_it_later_then_the_host_starts()
    {
        using var user = Host(services => services.AddSqlEventStore(Database).UseSqlStoresMigratedByOwner(TimeSpan.FromMinutes(2)));
        var starting = user.StartAsync();

        using var owner = Host(services => services.AddSqlEventStore(Database));
        await owner.StartAsync();

        await starting;
        Assert.Empty(await user.Services.GetServices<SqlStore>().Single().PendingMigrationsAsync(default));
        await user.StopAsync();
        await owner.StopAsync();
    }

    [Fact]
    public void given_a_store_registered_twice_then_it_is_kept_once()
    {
        var services = new ServiceCollection().AddSqlEventStore(Database);

        services.AddSqlStore(SqlStore.For<EventStoreDbContext>("event store", Database, EventStoreDbContext.MigrationsHistoryTable, o => new EventStoreDbContext(o)));

        Assert.Single(services, d => d.ServiceType == typeof(SqlStore));
    }

    private static IHost Host(Action<IServiceCollection> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        configure(builder.Services);
        return builder.Build();
    }
}
