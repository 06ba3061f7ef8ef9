using System.Text.Json;
using System.Text.Json.Serialization;

namespace Foi.Modules.Spam.ScoreProfiles;

/// <summary>One line of a JSON-lines file of profiles, as `foi spam score` reads them.</summary>
internal sealed record ProfileLine
{
    [JsonPropertyName("name")] public string Name { get; init; } = "";
    [JsonPropertyName("email")] public string Email { get; init; } = "";
    [JsonPropertyName("about_me")] public string? AboutMe { get; init; }
    [JsonPropertyName("signup_ip")] public string? SignupIp { get; init; }
    [JsonPropertyName("user_agent")] public string? UserAgent { get; init; }
    [JsonPropertyName("created_at")] public DateTimeOffset CreatedAt { get; init; }
    [JsonPropertyName("profile_updated_at")] public DateTimeOffset? ProfileUpdatedAt { get; init; }
    [JsonPropertyName("requests")] public int Requests { get; init; }
    [JsonPropertyName("annotations")] public int Annotations { get; init; }
}

/// <summary>Reads a file of profiles and works out, within the file, the facts that need neighbours (same text, same address).</summary>
internal static class ProfileFile
{
    public static IReadOnlyList<(int Line, ProfileLine? Profile, string? Error)> Read(TextReader reader)
    {
        var lines = new List<(int, ProfileLine?, string?)>();
        var number = 0;
        while (reader.ReadLine() is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            try
            {
                var profile = JsonSerializer.Deserialize<ProfileLine>(text);
                lines.Add(profile is null || string.IsNullOrWhiteSpace(profile.Email)
                    ? (number, null, "a profile needs at least an email")
                    : (number, profile, null));
            }
            catch (JsonException exception)
            {
                lines.Add((number, null, $"not JSON: {exception.Message.Split(" Path:")[0]}"));
            }
        }
        return lines;
    }

    public static ProfileFacts Facts(ProfileLine profile, IReadOnlyList<ProfileLine> all) => new(
        profile.Name,
        profile.Email,
        profile.AboutMe,
        profile.SignupIp,
        profile.UserAgent,
        profile.CreatedAt,
        profile.ProfileUpdatedAt,
        profile.Requests,
        profile.Annotations,
        string.IsNullOrWhiteSpace(profile.AboutMe) ? 0 : all.Count(o => !ReferenceEquals(o, profile) && o.AboutMe?.Trim() == profile.AboutMe.Trim()),
        profile.SignupIp is null ? 0 : all.Count(o => o.SignupIp == profile.SignupIp && (o.CreatedAt - profile.CreatedAt).Duration() <= TimeSpan.FromHours(1)));
}
