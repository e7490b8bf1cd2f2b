using Infrastructure;

namespace Conference;

/// <summary>
/// The change is not allowed because the conference has been published at least once: registrants may
/// hold seats of its seat types, so they can no longer be deleted.
/// </summary>
public sealed class ConferencePublishedException : BusinessRuleViolationException
{
    public ConferencePublishedException()
    {
    }

    public ConferencePublishedException(string message) : base(message)
    {
    }

    public ConferencePublishedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
