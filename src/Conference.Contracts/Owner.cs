namespace Conference.Contracts;

/// <summary>The business customer who owns a conference.</summary>
public sealed record Owner(string Name, string Email);
