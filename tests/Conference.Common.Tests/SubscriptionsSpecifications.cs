using System.Reflection;
using Conference.Common.Settings;
using Microsoft.Extensions.Configuration;

namespace Conference.Common.Tests;

/// <summary>
/// The topology is declared once, in Settings.Template.xml; <see cref="Subscriptions"/> only names, for
/// the code, where each handler listens. The two must name the same topics and subscriptions.
/// </summary>
public sealed class given_the_subscription_names_of_the_code
{
    private static readonly ConferenceSettings Template = ConferenceSettings.Read(new ConfigurationBuilder().AddConferenceSettingsFile(file: null).Build());

    [Fact]
    public void when_compared_with_the_template_then_they_name_its_topics_in_its_order()
    {
        Assert.Equal(Template.Topology.Topics.Select(t => t.Path), Subscriptions.Topics);
    }

    [Fact]
    public void when_compared_with_the_template_then_every_subscription_it_declares_has_a_name_in_the_code_and_no_other()
    {
        var named = typeof(Subscriptions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Except(Subscriptions.Topics)
            .Order(StringComparer.Ordinal);
        var declared = Template.Topology.Topics.SelectMany(t => t.Subscriptions).Select(s => s.Name).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(declared, named);
    }
}
