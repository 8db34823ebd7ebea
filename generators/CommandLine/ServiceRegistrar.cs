using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace PiCluster.CommandLine;

/// <summary>
/// Spectre's type registrar over Microsoft.Extensions.DependencyInjection (the pattern Spectre's documentation gives), so
/// a composition root can register a service made on first use (the checkout: only a command that needs it looks for
/// it, and its "not inside the repository" is that command's bad input, not every command's).
/// </summary>
public sealed class ServiceRegistrar(IServiceCollection services) : ITypeRegistrar
{
    public ServiceRegistrar()
        : this(new ServiceCollection())
    {
    }

    public IServiceCollection Services { get; } = services;

    public ITypeResolver Build() => new Resolver(Services.BuildServiceProvider());

    public void Register(Type service, Type implementation) => Services.AddSingleton(service, implementation);

    public void RegisterInstance(Type service, object implementation) => Services.AddSingleton(service, implementation);

    public void RegisterLazy(Type service, Func<object> factory) => Services.AddSingleton(service, _ => factory());

    private sealed class Resolver(ServiceProvider provider) : ITypeResolver, IDisposable
    {
        public object? Resolve(Type? type) => type is null ? null : provider.GetService(type);

        public void Dispose() => provider.Dispose();
    }
}
