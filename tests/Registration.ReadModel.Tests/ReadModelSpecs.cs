using System.Text.Json;
using Infrastructure.BlobStorage;
using Infrastructure.Messaging;
using Infrastructure.Sql.BlobStorage;
using Infrastructure.Sql.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

/// <summary>
/// A fresh migrated database per test, with the read model composed as a host would compose it
/// (<see cref="ReadModelServiceCollectionExtensions.AddRegistrationReadModel"/>), a recording command
/// bus and the SQL blob storage.
/// </summary>
public abstract class ReadModelSpecs : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new NormalizedDecimalConverter() } };
    private ITestDatabase database = null!;
    private ServiceProvider services = null!;

    protected RecordingCommandBus Commands { get; } = new();

    protected SqlDatabase Database => database.Database;

    protected IServiceProvider Services => services;

    protected IConferenceDao ConferenceDao => services.GetRequiredService<ConferenceDao>();

    protected IOrderDao OrderDao => services.GetRequiredService<IOrderDao>();

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public virtual async Task InitializeAsync()
    {
        database = await CreateDatabaseAsync();
        await SqlMigrations.MigrateAsync<ConferenceRegistrationDbContext>(
            database.Database, ConferenceRegistrationDbContext.MigrationsHistoryTable, o => new ConferenceRegistrationDbContext(o), default);
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddSingleton<ICommandBus>(Commands);
        collection.AddSingleton<IBlobStorage>(new SqlBlobStorage(database.Database, TimeProvider.System));
        collection.AddRegistrationReadModel(options => database.Database.Configure(options, ConferenceRegistrationDbContext.MigrationsHistoryTable));
        services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }

    public async Task DisposeAsync()
    {
        // Both null when the database could not be made (a SQL Server suite without a server is skipped).
        if (services is not null)
        {
            await services.DisposeAsync();
        }

        if (database is not null)
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>Handles one event with a <typeparamref name="THandler"/> from a fresh scope, as the dispatcher does.</summary>
    protected async Task HandleAsync<THandler>(object @event)
        where THandler : class, IMessageHandler
    {
        await using var scope = services.CreateAsyncScope();
        await MessageDispatcher.For(typeof(THandler)).DispatchAsync(scope.ServiceProvider.GetRequiredService<THandler>(), @event, null, default);
    }

    protected async Task GivenAsync<THandler>(params object[] events)
        where THandler : class, IMessageHandler
    {
        foreach (var @event in events)
        {
            await HandleAsync<THandler>(@event);
        }
    }

    protected Task DeliverAsync<THandler>(IEnumerable<object> events)
        where THandler : class, IMessageHandler =>
        Delivery.DeliverAsync(events, HandleAsync<THandler>);

    /// <summary>The events of <paramref name="history"/> that <typeparamref name="THandler"/>'s subscription delivers.</summary>
    protected static IReadOnlyList<object> SubscribedBy<THandler>(IEnumerable<object> history)
        where THandler : class, IMessageHandler
    {
        var dispatcher = MessageDispatcher.For(typeof(THandler));
        return [.. history.Where(e => dispatcher.Handles(e.GetType()))];
    }

    protected async Task<T> QueryAsync<T>(Func<ConferenceRegistrationDbContext, Task<T>> query)
    {
        await using var context = await services.GetRequiredService<IDbContextFactory<ConferenceRegistrationDbContext>>().CreateDbContextAsync();
        return await query(context);
    }

    /// <summary>Read-model results hold lists, which records do not compare by content: compare their JSON.</summary>
    protected static string Snapshot(object? value) => JsonSerializer.Serialize(value, Json);
}
