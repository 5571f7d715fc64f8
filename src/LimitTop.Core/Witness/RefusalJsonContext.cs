using LimitTop.Core.Model;
using System.Text.Json.Serialization;

namespace LimitTop.Core.Witness;

/// <summary>
/// Source-generated JSON for <see cref="RefusalSummary"/> (NativeAOT). The snapshot document carries the same
/// records under <c>refusals</c> once the lead adds <c>[JsonSerializable(typeof(RefusalSummary))]</c> there.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RefusalSummary))]
public sealed partial class RefusalJsonContext : JsonSerializerContext;
