namespace PiCluster.Cluster.Model;

/// <summary>
/// On a partial record whose properties are the cluster's services: the generator emits
/// <c>I{Name}Visitor&lt;T&gt;</c> (one Visit per service type), <c>Accept</c> and <c>All</c>, so render needs no reflection
/// and a new service fails render's compile until it has a builder.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class ServiceCatalogAttribute : Attribute
{
}

/// <summary>
/// On a static class holding a definition written with constants: the generator emits <c>{Class}Addresses</c>,
/// constants for every address, CIDR and host name in it, so other code refers to them by name instead of repeating literals.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AddressCatalogAttribute : Attribute
{
}
