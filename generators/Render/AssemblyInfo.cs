using System.Runtime.CompilerServices;

// Unit tests exercise the YAML typing, conversion and merge helpers directly.
[assembly: InternalsVisibleTo("PiCluster.TestSupport")]
[assembly: InternalsVisibleTo("PiCluster.UnitTests")]
[assembly: InternalsVisibleTo("PiCluster.IntegrationTests")]
