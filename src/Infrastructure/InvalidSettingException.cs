namespace Infrastructure;

/// <summary>A setting is missing or wrong; the message names it so start-up can say what to fix.</summary>
public sealed class InvalidSettingException : Exception
{
    public InvalidSettingException()
    {
    }

    public InvalidSettingException(string message) : base(message)
    {
    }

    public InvalidSettingException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InvalidSettingException(string settingName, string problem, Exception? innerException = null)
        : base($"Setting '{settingName}': {problem}", innerException)
    {
        SettingName = settingName;
    }

    /// <summary>A setting that also arrives as an environment variable: the message names both.</summary>
    public InvalidSettingException(string settingName, string variable, string problem, Exception? innerException)
        : base($"Setting '{settingName}' ({variable}): {problem}", innerException)
    {
        SettingName = settingName;
    }

    public string? SettingName { get; }
}
