using Conference.Common;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Processor.Tests;

/// <summary>'Conference.Processor migrate': what a deployment runs before it starts anything.</summary>
public sealed class MigrateVerbSpecs : IAsyncLifetime
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-migrate-").FullName;

    private SqlDatabase Database => new(SqlProvider.Sqlite, $"Data Source={Path.Combine(folder, "conference.db")}");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task given_a_new_database_when_the_migrate_verb_runs_then_every_store_is_migrated_the_topology_exists_and_it_exits()
    {
        var environment = TestSettings.EnvironmentFor(Database, Path.Combine(folder, "mail"));

        var (exitCode, output) = await ProcessorProcess.RunToExitAsync(environment, folder, "migrate");

        Assert.True(exitCode == 0, output);
        Assert.Contains("migrated every store", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Conference.Processor ready", output, StringComparison.Ordinal);

        var services = new ServiceCollection().AddLogging().AddConferenceProcessor(TestSettings.For(Database, Path.Combine(folder, "mail"))).BuildServiceProvider();
        var stores = services.GetServices<SqlStore>().ToList();
        Assert.Contains(stores, s => s.Name == "event store");
        Assert.Contains(stores, s => s.Name == "Registration read model");
        foreach (var store in stores)
        {
            Assert.Empty(await store.PendingMigrationsAsync(default));
        }

        // The topology exists: a command sent now reaches the order handler's subscription.
        await services.GetRequiredService<ICommandBus>().SendAsync(new Registration.Contracts.Commands.ExpireRegistrationProcess(Guid.NewGuid()), default);
        var receiver = services.GetRequiredService<IMessageTransport>().CreateReceiver(Subscriptions.CommandsTopic, Subscriptions.RegistrationProcessManagerRouter);
        Assert.NotNull(await receiver.ReceiveAsync(TimeSpan.FromSeconds(5), default));
    }
}
