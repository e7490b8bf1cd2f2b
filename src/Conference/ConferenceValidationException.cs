using Infrastructure;

namespace Conference;

/// <summary>Input that breaks a rule of Conference Management; <see cref="MemberName"/> names the field, for the form.</summary>
public sealed class ConferenceValidationException : BusinessRuleViolationException
{
    public ConferenceValidationException()
    {
    }

    public ConferenceValidationException(string message) : base(message)
    {
    }

    public ConferenceValidationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public ConferenceValidationException(string memberName, string message) : base(message)
    {
        MemberName = memberName;
    }

    public string? MemberName { get; }
}
