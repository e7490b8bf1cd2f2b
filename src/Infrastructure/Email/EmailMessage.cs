namespace Infrastructure.Email;

/// <summary>
/// A plain-text email. <see cref="Id"/> makes sending idempotent where the delivery allows it (the
/// pickup folder overwrites the same file), so a retried send does not pile up copies; over SMTP it is
/// the Message-ID, so a retried send is recognisably the same email.
/// </summary>
public sealed record EmailMessage(string Id, string To, string Subject, string Body);
