using Infrastructure.Messaging;

namespace Registration.Contracts.Events;

/// <summary>The person placing the order gave their details.</summary>
public sealed record OrderRegistrantAssigned(string FirstName, string LastName, string Email) : VersionedEvent;
