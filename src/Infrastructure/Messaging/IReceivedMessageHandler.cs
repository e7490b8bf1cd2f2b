namespace Infrastructure.Messaging;

/// <summary>
/// What a <see cref="MessageProcessor"/> does with each locked message. Returning completes it; throwing
/// abandons it (or dead-letters it, see <see cref="MessageProcessor"/>).
/// </summary>
public interface IReceivedMessageHandler
{
    Task HandleAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by a handler that cannot apply a message yet (a projection that sees version n+2 before n+1):
/// the message is abandoned and offered again after <see cref="RetryAfter"/>.
/// </summary>
public sealed class MessageDeferredException : Exception
{
    public MessageDeferredException()
    {
    }

    public MessageDeferredException(string message) : base(message)
    {
    }

    public MessageDeferredException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public MessageDeferredException(string message, TimeSpan retryAfter) : base(message)
    {
        RetryAfter = retryAfter;
    }

    public TimeSpan RetryAfter { get; } = TimeSpan.FromMilliseconds(200);
}

/// <summary>The subscription delivered a message type that its handler does not handle (a topology mistake).</summary>
public sealed class NoHandlerException : Exception
{
    public NoHandlerException()
    {
    }

    public NoHandlerException(string message) : base(message)
    {
    }

    public NoHandlerException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
