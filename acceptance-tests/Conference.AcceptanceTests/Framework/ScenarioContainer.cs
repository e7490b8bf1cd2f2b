using System.Reflection;

namespace Conference.AcceptanceTests.Framework;

/// <summary>The part of the scenario container that bindings may use (BoDi's names, as in Reqnroll).</summary>
public interface IObjectContainer
{
    T Resolve<T>()
        where T : class;

    object Resolve(Type type);

    void RegisterInstanceAs<T>(T instance, bool dispose = false)
        where T : class;

    void RegisterTypeAs<TType, TInterface>()
        where TType : class, TInterface
        where TInterface : class;

    bool IsRegistered<T>();
}

/// <summary>
/// One per scenario: creates binding and context classes on first use through their public
/// constructor (the one with most parameters), hands every later request the same instance, and
/// disposes what it created, last created first. Scenarios run their steps one at a time, so it
/// does not lock.
/// </summary>
public sealed class ScenarioContainer : IObjectContainer, IAsyncDisposable
{
    private readonly Dictionary<Type, object> instances = [];
    private readonly Dictionary<Type, Type> mappings = [];
    private readonly List<object> owned = [];
    private readonly List<object> created = [];
    private readonly Stack<Type> resolving = new();
    private bool disposed;

    public ScenarioContainer()
    {
        instances[typeof(IObjectContainer)] = this;
        instances[typeof(ScenarioContainer)] = this;
    }

    /// <summary>Everything the container built, in creation order (for failure artifacts).</summary>
    public IReadOnlyList<object> Created => created;

    public void RegisterInstanceAs<T>(T instance, bool dispose = false)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        ObjectDisposedException.ThrowIf(disposed, this);
        instances[typeof(T)] = instance;
        if (dispose)
        {
            owned.Add(instance);
        }
    }

    public void RegisterTypeAs<TType, TInterface>()
        where TType : class, TInterface
        where TInterface : class =>
        mappings[typeof(TInterface)] = typeof(TType);

    public bool IsRegistered<T>() => instances.ContainsKey(typeof(T)) || mappings.ContainsKey(typeof(T));

    public T Resolve<T>()
        where T : class => (T)Resolve(typeof(T));

    public object Resolve(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (instances.TryGetValue(type, out var existing))
        {
            return existing;
        }

        var concrete = mappings.TryGetValue(type, out var mapped) ? mapped : type;
        if (concrete != type && instances.TryGetValue(concrete, out existing))
        {
            instances[type] = existing;
            return existing;
        }

        if (resolving.Contains(concrete))
        {
            var chain = resolving.Reverse().Append(concrete).Select(t => t.Name);
            throw new ObjectContainerException($"Circular dependency: {string.Join(" -> ", chain)}.");
        }

        if (concrete.IsAbstract || concrete.IsInterface || concrete.IsValueType || concrete == typeof(string))
        {
            throw new ObjectContainerException(
                $"Cannot create {type.Name} for the scenario: register an instance with RegisterInstanceAs<{type.Name}>() "
                + (resolving.Count > 0 ? $"(needed by {resolving.Peek().Name})." : "."));
        }

        var constructor = concrete.GetConstructors(BindingFlags.Public | BindingFlags.Instance)
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new ObjectContainerException($"{concrete.Name} has no public constructor.");

        resolving.Push(concrete);
        object instance;
        try
        {
            var arguments = constructor.GetParameters().Select(p => Resolve(p.ParameterType)).ToArray();
            instance = constructor.Invoke(BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        }
        finally
        {
            resolving.Pop();
        }

        instances[concrete] = instance;
        instances[type] = instance;
        created.Add(instance);
        owned.Add(instance);
        return instance;
    }

    /// <summary>Disposes what it created or was told to own, newest first; every one is tried.</summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        var errors = new List<Exception>();
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            try
            {
                switch (owned[i])
                {
                    case IAsyncDisposable asyncDisposable:
                        await asyncDisposable.DisposeAsync();
                        break;
                    case IDisposable disposable:
                        disposable.Dispose();
                        break;
                }
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        }

        instances.Clear();
        if (errors.Count > 0)
        {
            throw new AggregateException("Disposing the scenario's objects failed.", errors);
        }
    }
}

public sealed class ObjectContainerException : Exception
{
    public ObjectContainerException()
    {
    }

    public ObjectContainerException(string message)
        : base(message)
    {
    }

    public ObjectContainerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
