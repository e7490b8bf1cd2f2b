namespace Infrastructure;

/// <summary>
/// A command refused because it breaks a business rule, given what it asks or the current state of what
/// it changes: confirming an expired order, completing a rejected payment, an invalid email. Retrying cannot
/// help, so the message processor dead-letters a message whose handler throws it on its first delivery,
/// with <see cref="Exception.Message"/> (the rule) as the description. Not for what may resolve itself
/// (a message that overtook the one it depends on, a read model behind): that must stay retryable.
/// </summary>
public class BusinessRuleViolationException : Exception
{
    public BusinessRuleViolationException()
    {
    }

    public BusinessRuleViolationException(string message) : base(message)
    {
    }

    public BusinessRuleViolationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
