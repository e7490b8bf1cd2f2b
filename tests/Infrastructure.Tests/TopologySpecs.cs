using System.Xml.Linq;
using Infrastructure.Messaging;

namespace Infrastructure.Tests;

public class given_topology_settings
{
    [Fact]
    public void when_the_topics_element_is_read_then_topics_subscriptions_filters_and_limits_come_through()
    {
        var topology = MessagingTopology.FromXml(XElement.Parse(
            """
            <Topics xmlns="urn:conference">
              <Topic Path="conference/commands" DuplicateDetectionHistoryTimeWindow="00:10:00">
                <Subscription Name="sessionless" SqlFilter="TypeName NOT IN ('AddSeats','RemoveSeats')" />
                <Subscription Name="seatsavailability" RequiresSession="true" SqlFilter="TypeName IN ('AddSeats','RemoveSeats')" LockDuration="00:01:00" MaxDeliveryCount="5" />
                <Subscription Name="log" />
              </Topic>
              <Topic Path="conference/events" IsEventBus="true" />
            </Topics>
            """));

        var commands = topology.GetTopic("conference/commands");
        Assert.Equal(TimeSpan.FromMinutes(10), commands.DuplicateDetectionHistoryTimeWindow);
        Assert.False(commands.IsEventBus);
        Assert.True(topology.GetTopic("conference/events").IsEventBus);
        Assert.Equal(TopicSettings.DefaultDuplicateDetectionWindow, topology.GetTopic("conference/events").DuplicateDetectionHistoryTimeWindow);

        var seats = topology.GetSubscription("conference/commands", "seatsavailability");
        Assert.True(seats.RequiresSession);
        Assert.Equal(TimeSpan.FromMinutes(1), seats.LockDuration);
        Assert.Equal(5, seats.MaxDeliveryCount);
        Assert.True(seats.Filter.Matches("AddSeats"));
        Assert.False(seats.Filter.Matches("RegisterToConference"));

        var sessionless = topology.GetSubscription("conference/commands", "sessionless");
        Assert.False(sessionless.Filter.Matches("AddSeats"));
        Assert.True(sessionless.Filter.Matches("RegisterToConference"));
        Assert.Equal(SubscriptionSettings.DefaultMaxDeliveryCount, sessionless.MaxDeliveryCount);
        Assert.True(topology.GetSubscription("conference/commands", "log").Filter.Matches("Anything"));
    }

    [Theory]
    [InlineData("""<Topics><Topic /></Topics>""", "Topics/Topic/@Path")]
    [InlineData("""<Topics><Topic Path="t"><Subscription Name="s" SqlFilter="Version &gt; 3" /></Topic></Topics>""", "Topics/Topic[@Path='t']/Subscription[@Name='s']/@SqlFilter")]
    [InlineData("""<Topics><Topic Path="t" DuplicateDetectionHistoryTimeWindow="soon" /></Topics>""", "Topics/Topic[@Path='t']/@DuplicateDetectionHistoryTimeWindow")]
    [InlineData("""<Topics><Topic Path="t"><Subscription Name="s" MaxDeliveryCount="0" /></Topic></Topics>""", "Topics/Topic[@Path='t']/Subscription[@Name='s']/@MaxDeliveryCount")]
    [InlineData("""<Topics><Topic Path="t"><Subscription Name="s" /><Subscription Name="s" /></Topic></Topics>""", "Topics/Topic[@Path='t']/Subscription[@Name='s']")]
    [InlineData("""<Topics><Topic Path="t" /><Topic Path="t" /></Topics>""", "Topics/Topic[@Path='t']")]
    [InlineData("""<Topics><Topic Path="bad path" /></Topics>""", "Topics/Topic[@Path='bad path']/@Path")]
    public void when_a_setting_is_wrong_then_the_error_names_it(string xml, string setting)
    {
        var error = Assert.Throws<InvalidSettingException>(() => MessagingTopology.FromXml(XElement.Parse(xml)));

        Assert.Equal(setting, error.SettingName);
        Assert.StartsWith($"Setting '{setting}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void when_a_filter_is_written_back_then_it_is_the_service_bus_sql_expression()
    {
        Assert.Equal("TypeName IN ('A','B')", SubscriptionFilter.In("A", "B").ToSqlExpression());
        Assert.Equal("TypeName NOT IN ('A')", SubscriptionFilter.NotIn("A").ToSqlExpression());
        Assert.Null(SubscriptionFilter.All.ToSqlExpression());
        Assert.Equal(SubscriptionFilter.In("A", "B"), SubscriptionFilter.Parse("typename in ( 'A' , 'B' )", "x"));
    }
}
