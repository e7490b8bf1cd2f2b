namespace Registration.Contracts;

/// <summary>Who a registrant or attendee is.</summary>
public sealed record PersonalInfo(string FirstName, string LastName, string Email);
