using FluentValidation;
using Foi.Modules.Requests.Domain;
using Foi.Modules.Requests.Redaction;

namespace Foi.Modules.Requests.ManageCensorRules;

/// <summary>The admin form for a censor rule. The scope's target is named by its slug, as admins see it in addresses.</summary>
internal sealed record CensorRuleForm
{
    public int? Id { get; init; }
    public string Pattern { get; init; } = "";
    public bool IsRegex { get; init; }
    public string? Replacement { get; init; }
    public CensorScope Scope { get; init; }

    /// <summary>The slug of the authority, person or request the rule is about; empty for the whole site.</summary>
    public string? Target { get; init; }
    public string? Note { get; init; }

    /// <summary>Where to go back to after saving (the page the admin came from), when it is on this site.</summary>
    public string? ReturnTo { get; init; }
}

internal sealed class CensorRuleValidator : AbstractValidator<CensorRuleForm>
{
    public CensorRuleValidator()
    {
        RuleFor(f => f.Pattern).Custom((pattern, context) =>
        {
            if (CensorPatterns.Problem(pattern ?? "", context.InstanceToValidate.IsRegex) is { } problem)
            {
                context.AddFailure(nameof(CensorRuleForm.Pattern), problem);
            }
        });
        RuleFor(f => f.Replacement).MaximumLength(CensorRule.ReplacementMaxLength);
        RuleFor(f => f.Note).NotEmpty().WithMessage("Say why the rule is needed: other admins will read it.").MaximumLength(CensorRule.NoteMaxLength);
        RuleFor(f => f.Scope).IsInEnum();
        RuleFor(f => f.Target).NotEmpty().When(f => f.Scope != CensorScope.Site)
            .WithMessage("Name the authority, person or request by the last part of its address (its slug).");
    }
}
