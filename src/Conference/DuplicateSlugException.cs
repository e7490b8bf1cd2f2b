using Infrastructure;

namespace Conference;

/// <summary>Another conference already uses this slug (slugs are part of public URLs, so they are unique).</summary>
public sealed class DuplicateSlugException : BusinessRuleViolationException
{
    public DuplicateSlugException()
    {
    }

    public DuplicateSlugException(string message) : base(message)
    {
    }

    public DuplicateSlugException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public static DuplicateSlugException For(string slug, Exception? innerException = null) =>
        innerException is null
            ? new($"The slug '{slug}' is already used by another conference.") { Slug = slug }
            : new($"The slug '{slug}' is already used by another conference.", innerException) { Slug = slug };

    public string? Slug { get; private init; }
}
