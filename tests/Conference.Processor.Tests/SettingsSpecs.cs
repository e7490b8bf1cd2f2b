using Conference.Common.Settings;

namespace Conference.Processor.Tests;

/// <summary>The processor as a real process, started with settings an operator got wrong.</summary>
public sealed class given_a_wrong_setting : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("conference-settings-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public async Task when_an_environment_variable_has_a_bad_value_then_the_processor_exits_with_code_2_naming_it()
    {
        var (exitCode, output) = await ProcessorProcess.RunToExitAsync(new Dictionary<string, string> { ["Conference__Registration__ReservationWindow"] = "soon" }, folder);

        Assert.Equal(2, exitCode);
        Assert.Contains(
            "Conference.Processor cannot start. Setting 'Registration.ReservationWindow' (Conference__Registration__ReservationWindow): 'soon' is not a duration (hh:mm:ss).",
            output,
            StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_the_settings_file_has_a_bad_combination_then_the_processor_exits_with_code_2_naming_it()
    {
        var file = Path.Combine(folder, ConferenceSettingsFile.FileName);
        await File.WriteAllTextAsync(file, """<InfrastructureSettings><Email Delivery="Smtp" /></InfrastructureSettings>""");

        var (exitCode, output) = await ProcessorProcess.RunToExitAsync(new Dictionary<string, string>(), folder);

        Assert.Equal(2, exitCode);
        Assert.Contains("Conference.Processor cannot start. Setting 'Email.SmtpHost' (Conference__Email__SmtpHost): is required when Email.Delivery is Smtp.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task when_the_settings_file_variable_names_a_missing_file_then_the_processor_exits_with_code_2_naming_the_variable()
    {
        var missing = Path.Combine(folder, "missing.xml");

        var (exitCode, output) = await ProcessorProcess.RunToExitAsync(new Dictionary<string, string> { [ConferenceSettingsFile.Variable] = missing }, folder);

        Assert.Equal(2, exitCode);
        Assert.Contains($"Conference.Processor cannot start. Setting 'CONFERENCE_SETTINGS': names '{missing}', which does not exist.", output, StringComparison.Ordinal);
    }
}
