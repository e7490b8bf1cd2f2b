using Infrastructure.Azure.Messaging;
using Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Infrastructure.Azure.Tests;

public sealed class ServiceBusTransportOptionsSpecs
{
    private const string ConnectionString = "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0";

    public static TheoryData<string, ServiceBusTransportOptions> Invalid => new()
    {
        { "ServiceBus:ConnectionString", new ServiceBusTransportOptions() },
        { "ServiceBus:ConnectionString", new ServiceBusTransportOptions { ConnectionString = ConnectionString, FullyQualifiedNamespace = "contoso.servicebus.windows.net" } },
        { "ServiceBus:FullyQualifiedNamespace", new ServiceBusTransportOptions { FullyQualifiedNamespace = "sb://contoso.servicebus.windows.net" } },
        { "ServiceBus:ManagedIdentityClientId", new ServiceBusTransportOptions { ConnectionString = ConnectionString, ManagedIdentityClientId = "id" } },
        { "ServiceBus:PrefetchCount", new ServiceBusTransportOptions { ConnectionString = ConnectionString, PrefetchCount = -1 } },
        { "ServiceBus:MaxAutoLockRenewalDuration", new ServiceBusTransportOptions { ConnectionString = ConnectionString, MaxAutoLockRenewalDuration = TimeSpan.FromSeconds(-1) } },
        { "ServiceBus:SessionIdleTimeout", new ServiceBusTransportOptions { ConnectionString = ConnectionString, SessionIdleTimeout = TimeSpan.Zero } },
        { "ServiceBus:EntityPathPrefix", new ServiceBusTransportOptions { ConnectionString = ConnectionString, EntityPathPrefix = "no spaces" } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void when_an_option_is_missing_or_contradicts_another_then_adding_the_transport_fails_naming_it(string setting, ServiceBusTransportOptions options)
    {
        var error = Assert.Throws<InvalidSettingException>(() => new ServiceBusCollection().AddAzureServiceBus(options));

        Assert.Equal(setting, error.SettingName);
    }

    [Theory]
    [InlineData(ConnectionString, null, null)]
    [InlineData(null, "contoso.servicebus.windows.net", null)]
    [InlineData(null, "contoso.servicebus.windows.net", "00000000-0000-0000-0000-000000000001")]
    public async Task when_the_options_are_complete_then_the_transport_resolves_without_connecting(string? connectionString, string? fullyQualifiedNamespace, string? managedIdentity)
    {
        var services = new ServiceBusCollection().AddAzureServiceBus(new ServiceBusTransportOptions
        {
            ConnectionString = connectionString,
            FullyQualifiedNamespace = fullyQualifiedNamespace,
            ManagedIdentityClientId = managedIdentity,
        });
        await using var provider = services.BuildServiceProvider();

        var transport = Assert.IsType<ServiceBusMessageTransport>(provider.GetRequiredService<IMessageTransport>());

        Assert.Equal("conference/events", transport.CreateSender("conference/events").Topic);
    }

    [Fact]
    public void given_an_entity_prefix_when_a_path_is_asked_then_the_prefix_comes_first()
    {
        var transport = ServiceBusMessageTransport.Create(new ServiceBusTransportOptions { ConnectionString = ConnectionString, EntityPathPrefix = "staging/" });

        Assert.Equal("staging/conference/events", transport.EntityPath("conference/events"));
    }

    private sealed class ServiceBusCollection : List<ServiceDescriptor>, IServiceCollection
    {
    }
}
