using System.Collections.Concurrent;
using Infrastructure.Conformance;
using Infrastructure.EventSourcing;
using Infrastructure.Hosting;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Infrastructure.Sql.Tests;

public sealed record OpenAccount(Guid Id, Guid AccountId, int InitialDeposit) : ICommand;

public sealed class AccountCommandHandler(IEventSourcedRepository<Account> accounts) : ICommandHandler<OpenAccount>
{
    public async Task HandleAsync(OpenAccount command, CancellationToken cancellationToken)
    {
        // Idempotent: a redelivered command finds the account already open.
        if (await accounts.FindAsync(command.AccountId, cancellationToken) is not null)
        {
            return;
        }

        var account = Account.Open(command.AccountId);
        account.Deposit(command.InitialDeposit);
        await accounts.SaveAsync(account, command.Id.ToString(), cancellationToken);
    }
}

public sealed class DepositsSeen : IEnvelopedEventHandler<Deposited>
{
    public static readonly ConcurrentDictionary<Guid, string?> CorrelationByAccount = new();

    public Task HandleAsync(Envelope<Deposited> envelope, CancellationToken cancellationToken)
    {
        CorrelationByAccount[envelope.Body.SourceId] = envelope.CorrelationId;
        return Task.CompletedTask;
    }
}

/// <summary>The composition extensions wire a whole command → aggregate → event store → publisher → event handler flow.</summary>
public abstract class HostingSpecs : IAsyncLifetime
{
    private ITestDatabase database = null!;

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync() => database = await CreateDatabaseAsync();

    public Task DisposeAsync() => database?.DisposeAsync().AsTask() ?? Task.CompletedTask;

    [SkippableFact]
    public async Task when_a_command_is_sent_then_the_aggregate_is_saved_and_its_event_reaches_the_event_handler_with_the_command_as_correlation()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddMessageTypes(r => r.Register<Deposited>().Register<Withdrawn>().Register<OpenAccount>())
            .AddMessagingTopology(TestTopology.Value)
            .AddSqlMessaging(database.Database)
            .AddSqlEventStore(database.Database)
            .AddCommandBus(TestTopology.Commands)
            .AddEventSourcedRepository<Account>()
            .AddEventStoreBusPublisher(new EventStoreBusPublisherOptions { DefaultTopic = TestTopology.Events })
            .AddSubscriptionHandler<AccountCommandHandler>(TestTopology.Commands, TestTopology.All)
            .AddSubscriptionHandler<DepositsSeen>(TestTopology.Events, TestTopology.All);
        using var host = builder.Build();
        await host.StartAsync();

        var command = new OpenAccount(Guid.NewGuid(), Guid.NewGuid(), 25);
        await host.Services.GetRequiredService<ICommandBus>().SendAsync(command, default);

        await Eventually.HoldsAsync(() => DepositsSeen.CorrelationByAccount.ContainsKey(command.AccountId));

        await host.StopAsync();
        Assert.Equal(command.Id.ToString(), DepositsSeen.CorrelationByAccount[command.AccountId]);
        Assert.Equal(25, (await host.Services.GetRequiredService<IEventSourcedRepository<Account>>().GetAsync(command.AccountId, default)).Balance);
    }

    [SkippableFact]
    public void when_a_handler_handles_a_type_its_subscription_filters_out_then_start_up_names_the_setting()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddMessageTypes(r => r.Register<Deposited>().Register<Withdrawn>())
            .AddMessagingTopology(TestTopology.Value)
            .AddSqlMessaging(database.Database)
            .AddSubscriptionHandler<DepositsSeen>(TestTopology.Events, TestTopology.OnlyA);
        using var host = builder.Build();

        var error = Assert.Throws<InvalidSettingException>(() => host.Services.GetServices<IHostedService>().ToList());
        Assert.Equal($"Topics/Topic[@Path='{TestTopology.Events}']/Subscription[@Name='{TestTopology.OnlyA}']/@SqlFilter", error.SettingName);
    }

    [SkippableFact]
    public void when_a_handler_listens_on_several_subscriptions_then_together_they_need_only_cover_its_types()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services
            .AddMessageTypes(r => r.Register<Deposited>().Register<Withdrawn>())
            .AddMessagingTopology(TestTopology.Value)
            .AddSqlMessaging(database.Database)
            .AddSubscriptionHandler<DepositsSeen>(TestTopology.Events, TestTopology.OnlyA)
            .AddSubscriptionHandler<DepositsSeen>(TestTopology.Events, TestTopology.NotA);
        using var host = builder.Build();

        Assert.Equal(2, host.Services.GetServices<IHostedService>().OfType<SubscriptionProcessorService>().Count());
    }
}

public sealed class SqliteHostingSpecs : HostingSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqliteTestDatabase.CreateAsync();
}

public sealed class PostgresHostingSpecs : HostingSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync();
}

/// <summary>On SQL Server when CONFERENCE_TEST_SQLSERVER names one; reported skipped otherwise.</summary>
public sealed class SqlServerHostingSpecs : HostingSpecs
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await SqlServerTestDatabase.CreateAsync();
}
