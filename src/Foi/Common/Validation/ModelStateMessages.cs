using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Foi.Common.Validation;

internal static class ModelStateMessages
{
    /// <summary>The first error message, for forms that answer with a notice above a list rather than beside a field.</summary>
    public static string FirstError(this ModelStateDictionary modelState) =>
        modelState.Values.SelectMany(entry => entry.Errors).Select(error => error.ErrorMessage).FirstOrDefault() ?? "That did not work.";
}
