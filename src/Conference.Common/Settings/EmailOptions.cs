namespace Conference.Common.Settings;

public enum EmailDelivery
{
    /// <summary>Writes each message as an .eml file into a folder (local runs and tests).</summary>
    Pickup,

    /// <summary>Sends through an SMTP server.</summary>
    Smtp,
}

public sealed record EmailOptions
{
    public EmailDelivery Delivery { get; init; } = EmailDelivery.Pickup;

    public string From { get; init; } = "conference@localhost";

    public string PickupDirectory { get; init; } = ".data/mail";

    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 587;

    public string? SmtpUserName { get; init; }

    /// <summary>Only ever from an environment variable (Conference__Email__SmtpPassword), never from a file in the repository.</summary>
    public string? SmtpPassword { get; init; }

    public bool SmtpUseTls { get; init; } = true;
}
