using System.Collections;
using Conference.Common.Settings;
using Infrastructure;
using Infrastructure.Sql.Database;

namespace Conference.Common.Tests;

public sealed class given_the_settings : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-settings").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void when_there_is_no_settings_file_then_the_template_defaults_run_on_embedded_sqlite()
    {
        var settings = ConferenceSettingsReader.Read(null, new Hashtable());

        Assert.Equal(SqlProvider.Sqlite, settings.Database.Provider);
        Assert.Contains(".data/conference.db", settings.Database.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromMinutes(15), settings.Registration.ReservationWindow);
        Assert.Equal("conference/eventsOrders", settings.EventPublishing.TopicsBySourceType["Order"]);
        Assert.Equal(EmailDelivery.Pickup, settings.Email.Delivery);
        Assert.True(settings.MessageLogEnabled);
        Assert.Equal(4, settings.Topology.Topics.Count);
    }

    [Fact]
    public void when_a_settings_file_sets_some_elements_then_the_rest_come_from_the_template()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Database Provider="Postgres" ConnectionString="Host=db;Database=conference" />
              <Registration ReservationWindow="00:05:00" />
            </InfrastructureSettings>
            """);

        var settings = ConferenceSettingsReader.Read(file, new Hashtable());

        Assert.Equal(SqlProvider.Postgres, settings.Database.Provider);
        Assert.Equal(TimeSpan.FromMinutes(5), settings.Registration.ReservationWindow);
        Assert.Equal(4, settings.Topology.Topics.Count);
        Assert.Equal(file, settings.Source);
    }

    [Fact]
    public void when_an_environment_variable_names_an_attribute_then_it_overrides_the_file()
    {
        var environment = new Hashtable
        {
            ["Conference__Database__ConnectionString"] = "Data Source=/tmp/other.db",
            ["Conference__registration__reservationWindow"] = "00:00:30",
            ["Conference__Email__SmtpPassword"] = "from-the-environment",
            ["UNRELATED"] = "ignored",
        };

        var settings = ConferenceSettingsReader.Read(null, environment);

        Assert.Contains("/tmp/other.db", settings.Database.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Registration.ReservationWindow);
        Assert.Equal("from-the-environment", settings.Email.SmtpPassword);
    }

    [Fact]
    public void when_the_settings_file_variable_names_a_file_then_that_file_is_read()
    {
        var file = Write("""<InfrastructureSettings><Registration ReservationWindow="00:01:00" /></InfrastructureSettings>""");

        var settings = ConferenceSettingsReader.Read(null, new Hashtable { [ConferenceSettingsReader.SettingsFileVariable] = file });

        Assert.Equal(TimeSpan.FromMinutes(1), settings.Registration.ReservationWindow);
    }

    [Fact]
    public void when_looking_for_the_settings_file_then_the_nearest_one_upwards_is_found()
    {
        var file = Write("<InfrastructureSettings />");
        var nested = Directory.CreateDirectory(Path.Combine(folder, "a", "b")).FullName;

        Assert.Equal(file, ConferenceSettingsReader.FindSettingsFile(nested));
    }

    [Theory]
    [InlineData("Conference__Database__Provider", "Oracle", "Database.Provider")]
    [InlineData("Conference__Database__ConnectionString", "", "Database.ConnectionString")]
    [InlineData("Conference__Registration__ReservationWindow", "soon", "Registration.ReservationWindow")]
    [InlineData("Conference__Registration__ReservationWindow", "-00:05:00", "Registration.ReservationWindow")]
    [InlineData("Conference__Messaging__Transport", "Carrier pigeon", "Messaging.Transport")]
    [InlineData("Conference__MessageLog__Enabled", "sometimes", "MessageLog.Enabled")]
    [InlineData("Conference__Email__Delivery", "Fax", "Email.Delivery")]
    [InlineData("Conference__Email__Delivery", "Smtp", "Email.SmtpHost")]
    [InlineData("Conference__Email__From", "not an address", "Email.From")]
    [InlineData("Conference__Email__SmtpPort", "0", "Email.SmtpPort")]
    [InlineData("Conference__EventSourcing__DefaultTopic", "conference/nowhere", "EventSourcing.DefaultTopic")]
    [InlineData("Conference__Database", "x", "Conference__Database")]
    public void when_a_setting_is_invalid_then_reading_fails_naming_it(string variable, string value, string settingName)
    {
        var error = Assert.Throws<InvalidSettingException>(() => ConferenceSettingsReader.Read(null, new Hashtable { [variable] = value }));

        Assert.Equal(settingName, error.SettingName);
    }

    [Fact]
    public void when_the_settings_file_is_not_xml_then_reading_fails_naming_the_file()
    {
        var file = Write("<InfrastructureSettings><Database");

        var error = Assert.Throws<InvalidSettingException>(() => ConferenceSettingsReader.Read(file, new Hashtable()));

        Assert.Equal(file, error.SettingName);
    }

    [Fact]
    public void when_the_settings_file_variable_names_a_missing_file_then_reading_fails_naming_the_variable()
    {
        var error = Assert.Throws<InvalidSettingException>(() =>
            ConferenceSettingsReader.Read(null, new Hashtable { [ConferenceSettingsReader.SettingsFileVariable] = Path.Combine(folder, "missing.xml") }));

        Assert.Equal(ConferenceSettingsReader.SettingsFileVariable, error.SettingName);
    }

    [Fact]
    public void when_a_topic_filter_is_malformed_then_reading_fails_naming_the_subscription()
    {
        var file = Write("""
            <InfrastructureSettings>
              <Messaging><Topics><Topic Path="conference/commands"><Subscription Name="x" SqlFilter="TypeName LIKE 'A%'" /></Topic></Topics></Messaging>
            </InfrastructureSettings>
            """);

        var error = Assert.Throws<InvalidSettingException>(() => ConferenceSettingsReader.Read(file, new Hashtable()));

        Assert.Contains("Subscription[@Name='x']", error.SettingName, StringComparison.Ordinal);
    }

    private string Write(string xml)
    {
        var path = Path.Combine(folder, ConferenceSettingsReader.FileName);
        File.WriteAllText(path, xml);
        return path;
    }
}
