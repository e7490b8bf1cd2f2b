namespace Infrastructure.Serialization;

public interface IMessageSerializer
{
    /// <summary>Serializes a message and returns its stable type name with it.</summary>
    (string TypeName, string Body) Serialize(object message);

    /// <summary>
    /// Reads a message stored under <paramref name="typeName"/>, upcasting old shapes.
    /// Throws <see cref="UnknownMessageTypeException"/> or <see cref="MessageDeserializationException"/>.
    /// </summary>
    object Deserialize(string typeName, string body);
}

public sealed class MessageDeserializationException : Exception
{
    public MessageDeserializationException()
    {
    }

    public MessageDeserializationException(string message) : base(message)
    {
    }

    public MessageDeserializationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
