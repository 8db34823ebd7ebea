using System.Text.RegularExpressions;

namespace PiCluster.Render.Yaml;

/// <summary>Decides which strings must be quoted so no YAML 1.1 or 1.2 reader takes them for another type.</summary>
public static partial class YamlScalars
{
    // Union of YAML 1.1 (as PyYAML and go-yaml v2 resolve it) and the YAML 1.2 core schema.
    [GeneratedRegex(@"^(?:~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|=|<<)$")]
    private static partial Regex Keyword();

    [GeneratedRegex(@"^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9][0-9_]*|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^(?:[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")]
    private static partial Regex Float();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")]
    private static partial Regex Timestamp();

    /// <summary>True when a plain scalar with this text would not read back as the same string.</summary>
    public static bool LooksLikeAnotherType(string value) =>
        value.Length == 0
        || Keyword().IsMatch(value)
        || Integer().IsMatch(value)
        || Float().IsMatch(value)
        || Timestamp().IsMatch(value);
}
