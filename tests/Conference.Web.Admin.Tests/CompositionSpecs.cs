using Conference.Common.Settings;
using Infrastructure.EventSourcing;
using Infrastructure.Messaging;
using Infrastructure.Sql.Database;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Web.Admin.Tests;

/// <summary>The management site composes only what it runs: Conference Management and the bus its events go out on.</summary>
public sealed class CompositionSpecs
{
    private static readonly ServiceCollection Services = Compose();

    [Fact]
    public void then_it_has_conference_management_and_the_event_bus()
    {
        Assert.Contains(Services, d => d.ServiceType == typeof(ConferenceService));
        Assert.Contains(Services, d => d.ServiceType == typeof(IEventBus));
    }

    [Fact]
    public void then_it_has_no_event_store()
    {
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(IEventStore));
        Assert.DoesNotContain(Services, d => d.ServiceType == typeof(IUnpublishedEventsQueue));
    }

    [Fact]
    public void then_it_waits_for_the_processor_to_migrate_conference_management_instead_of_migrating_it()
    {
        var options = (SqlStoreOptions?)Services.Last(d => d.ServiceType == typeof(SqlStoreOptions)).ImplementationInstance;

        Assert.Equal(SqlStoreRole.User, options?.Role);
        // The promotional codes page reads the codes from the Registration read model.
        Assert.Equal(["Conference Management", "Waiting-list read model", "Registration read model", "data-protection keys"], Services.Where(d => d.ServiceType == typeof(SqlStore)).Select(d => ((SqlStore)d.ImplementationInstance!).Name));
    }

    private static ServiceCollection Compose()
    {
        var settings = ConferenceSettings.Read(new ConfigurationBuilder().AddConferenceSettingsFile(file: null).Build());
        var services = new ServiceCollection();
        services.AddConferenceAdminSite(settings, new ConfigurationBuilder().Build());
        return services;
    }
}
