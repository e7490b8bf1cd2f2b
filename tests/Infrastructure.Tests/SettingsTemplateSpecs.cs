using System.Xml.Linq;
using Infrastructure.Messaging;

namespace Infrastructure.Tests;

public class given_the_settings_template
{
    [Fact]
    public void when_its_topology_is_read_then_it_is_valid_and_every_topic_has_a_log_subscription()
    {
        var template = XDocument.Load(Path.Combine(RepositoryRoot(), "Settings.Template.xml"));

        var topology = MessagingTopology.FromXml(template.Descendants("Topics").Single());

        Assert.Equal(["conference/commands", "conference/events", "conference/eventsOrders", "conference/eventsAvailability", "conference/eventsWaitingList"], topology.Topics.Select(t => t.Path));
        Assert.All(topology.Topics, t => Assert.Equal(SubscriptionFilterKind.All, t.Subscriptions.Single(s => s.Name == "log").Filter.Kind));
        Assert.True(topology.GetSubscription("conference/eventsOrders", "Registration.OrderViewModelGenerator").Filter.Matches("OrderPaymentConfirmed"));
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
