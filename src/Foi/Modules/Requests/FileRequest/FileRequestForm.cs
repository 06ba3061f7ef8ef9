using System.Text.RegularExpressions;
using FluentValidation;
using Foi.Modules.Requests.Domain;

namespace Foi.Modules.Requests.FileRequest;

internal sealed record FileRequestForm
{
    public string Title { get; init; } = "";
    public string Body { get; init; } = "";
    public Guid? DraftId { get; init; }

    /// <summary>Given when the form is first shown and kept through previews, so the same form is never sent twice.</summary>
    public Guid? SubmissionId { get; init; }

    /// <summary>Which button was pressed: "preview", "edit" or "send".</summary>
    public string? Action { get; init; }
}

internal sealed partial class FileRequestValidator : AbstractValidator<FileRequestForm>
{
    public const int BodyMaxLength = 50_000;

    // Titles that say nothing about what is asked; a reader of the list of requests could not tell them apart.
    private static readonly HashSet<string> GenericTitles = new(StringComparer.Ordinal)
    {
        "foi", "foi request", "foia request", "freedom of information", "freedom of information request",
        "freedom of information act request", "information request", "request for information", "request", "information",
        "foi act request", "a request", "my request", "request under the freedom of information act",
    };

    public FileRequestValidator()
    {
        RuleFor(f => f.Title)
            .Must(t => !string.IsNullOrWhiteSpace(t)).WithMessage("Please write a summary of your request as its title.")
            .Must(t => t.Trim().Length >= InfoRequest.TitleMinLength).When(f => !string.IsNullOrWhiteSpace(f.Title))
            .WithMessage($"The title is too short: use at least {InfoRequest.TitleMinLength} characters to say what you are asking for.")
            .Must(t => t.Trim().Length <= InfoRequest.TitleMaxLength)
            .WithMessage($"The title is too long: keep it under {InfoRequest.TitleMaxLength} characters and put the detail in the letter.")
            .Must(t => !IsGeneric(t)).When(f => !string.IsNullOrWhiteSpace(f.Title))
            .WithMessage("Please describe what you are asking for, e.g. \"Number of potholes repaired in 2026\", not just \"FOI request\".");
        RuleFor(f => f.Body)
            .Must(LetterTemplate.HasOwnWords).WithMessage("Please write your request in the letter: say what information you would like.")
            .MaximumLength(BodyMaxLength).WithMessage($"The letter is too long: keep it under {BodyMaxLength:N0} characters.");
    }

    public static bool IsGeneric(string title)
    {
        var words = NonWord().Replace(title.ToLowerInvariant(), " ").Trim();
        return GenericTitles.Contains(MultipleSpaces().Replace(words, " "));
    }

    [GeneratedRegex(@"[^\p{L}\p{N}]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(" {2,}")]
    private static partial Regex MultipleSpaces();
}
