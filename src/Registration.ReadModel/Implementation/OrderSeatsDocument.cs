using System.Text.Json;

namespace Registration.ReadModel.Implementation;

/// <summary>Where and how the seat-assignments document is stored in blob storage.</summary>
public static class OrderSeatsDocument
{
    public const string ContentType = "application/json";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string BlobId(Guid assignmentsId) => $"OrderSeats-{assignmentsId:D}";

    public static byte[] Serialize(OrderSeats seats) => JsonSerializer.SerializeToUtf8Bytes(seats, Options);

    public static OrderSeats? Deserialize(byte[] blob) => JsonSerializer.Deserialize<OrderSeats>(blob, Options);
}
