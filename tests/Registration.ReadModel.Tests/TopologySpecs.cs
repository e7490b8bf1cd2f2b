using System.Xml.Linq;
using Conference.Contracts;
using Discounts.Contracts;
using Infrastructure.Messaging;
using Infrastructure.Serialization;
using Registration.Contracts;
using Registration.ReadModel.Implementation;

namespace Registration.ReadModel.Tests;

/// <summary>
/// Each generator reads one subscription of the settings template, and the host refuses a handler
/// whose message types the subscription's filter does not let through: check the pairs fit.
/// </summary>
public class TopologySpecs
{
    public static TheoryData<string, string, Type> Subscriptions => new()
    {
        { "conference/events", "Registration.ConferenceViewModelGenerator", typeof(ConferenceViewModelGenerator) },
        { "conference/eventsAvailability", "Registration.ConferenceViewModelAvail", typeof(SeatsAvailabilityViewModelGenerator) },
        { "conference/eventsOrders", "Registration.OrderViewModelGenerator", typeof(OrderViewModelGenerator) },
        { "conference/eventsOrders", "Registration.PricedOrderViewModelGeneratorOrders", typeof(PricedOrderViewModelGenerator) },
        { "conference/events", "Registration.PricedOrderViewModelGenerator", typeof(PricedOrderSeatTypeViewModelGenerator) },
        { "conference/eventsOrders", "Registration.SeatAssignmentsViewModelGenerator", typeof(SeatAssignmentsViewModelGenerator) },
        { "conference/events", "Registration.PromotionalCodeViewModelGenerator", typeof(PromotionalCodeViewModelGenerator) },
        { "conference/eventsOrders", "Registration.PricedOrderCodesViewModelGenerator", typeof(PricedOrderPromotionalCodesViewModelGenerator) },
    };

    [Theory]
    [MemberData(nameof(Subscriptions))]
    public void given_the_settings_template_when_a_generator_reads_its_subscription_then_the_filter_lets_through_every_event_it_handles(string topic, string subscription, Type generator)
    {
        var topology = MessagingTopology.FromXml(XDocument.Load(Path.Combine(RepositoryRoot(), "Settings.Template.xml")).Descendants("Topics").Single());
        var registry = DiscountsMessageTypes.Register(ConferenceMessageTypes.Register(RegistrationMessageTypes.Register(new MessageTypeRegistry())));
        var filter = topology.GetSubscription(topic, subscription).Filter;

        Assert.All(MessageDispatcher.For(generator).HandledMessageTypes, type => Assert.True(filter.Matches(registry.GetName(type)), $"{subscription} does not deliver {type.Name}."));
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Conference.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Conference.sln not found above the test folder.");
    }
}
