using Conference.Common.Settings;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Infrastructure.Sql.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Payments;
using Payments.ReadModel;
using Registration.ReadModel;

namespace Conference.Web.Public.Tests;

/// <summary>The public site composes only what it runs: it reads the read models and sends commands.</summary>
public sealed class CompositionSpecs
{
    private static readonly ServiceCollection Services = Compose();

    [Fact]
    public void then_it_has_the_command_bus_and_the_read_models_it_queries()
    {
        Assert.Contains(Services, d => d.ServiceType == typeof(ICommandBus));
        Assert.Contains(Services, d => d.ServiceType == typeof(IConferenceDao));
        Assert.Contains(Services, d => d.ServiceType == typeof(IOrderDao));
        Assert.Contains(Services, d => d.ServiceType == typeof(IPaymentDao));
    }

    [Fact]
    public void then_it_has_neither_the_payments_repository_and_outbox_nor_the_event_store()
    {
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(IPaymentRepository));
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(EventOutbox));
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(IEventStore));
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(IUnpublishedEventsQueue));
    }

    [Fact]
    public void then_it_migrates_none_of_the_stores_it_reads_and_waits_for_the_processor_instead()
    {
        var options = (SqlStoreOptions?)Services.Last(d => d.ServiceType == typeof(SqlStoreOptions)).ImplementationInstance;

        Assert.Equal(SqlStoreRole.User, options?.Role);
        Assert.Equal(
            ["Registration read model", "Waiting-list read model", "blob storage", "data-protection keys", "payments"],
            Services.Where(d => d.ServiceType == typeof(SqlStore)).Select(d => ((SqlStore)d.ImplementationInstance!).Name).Order(StringComparer.Ordinal));
    }

    private static ServiceCollection Compose()
    {
        var settings = ConferenceSettings.Read(new ConfigurationBuilder().AddConferenceSettingsFile(file: null).Build());
        var services = new ServiceCollection();
        services.AddConferencePublicSite(settings, new ConfigurationBuilder().Build());
        return services;
    }
}
