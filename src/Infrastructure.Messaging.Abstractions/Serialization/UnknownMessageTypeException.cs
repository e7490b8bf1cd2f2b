namespace Infrastructure.Serialization;

/// <summary>A message type or type name that the <see cref="MessageTypeRegistry"/> does not know.</summary>
public sealed class UnknownMessageTypeException : Exception
{
    public UnknownMessageTypeException()
    {
    }

    public UnknownMessageTypeException(string message) : base(message)
    {
    }

    public UnknownMessageTypeException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
