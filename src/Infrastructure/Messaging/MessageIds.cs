using System.Globalization;

namespace Infrastructure.Messaging;

public static class MessageIds
{
    /// <summary>
    /// Deterministic id of a versioned event, so publishing the same event twice is caught by
    /// duplicate detection and by consumers.
    /// </summary>
    public static string ForVersionedEvent(string typeName, Guid sourceId, int version) =>
        string.Create(CultureInfo.InvariantCulture, $"{typeName}_{sourceId:N}_{version}");
}
