using FluentValidation;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Foi.Common.Validation;

/// <summary>
/// Runs the FluentValidation validator of every action argument that has one and copies the errors into
/// ModelState, so a controller re-renders its form with field errors when <c>ModelState.IsValid</c> is false.
/// </summary>
internal sealed class ValidationFilter(IServiceProvider services) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        ReplaceBindingErrors(context.ModelState);
        foreach (var argument in context.ActionArguments.Values)
        {
            if (argument is null)
            {
                continue;
            }
            var validatorType = typeof(IValidator<>).MakeGenericType(argument.GetType());
            if (services.GetService(validatorType) is not IValidator validator)
            {
                continue;
            }
            var validationContext = new ValidationContext<object>(argument);
            var result = await validator.ValidateAsync(validationContext, context.HttpContext.RequestAborted);
            foreach (var error in result.Errors)
            {
                // Forms bind without a prefix, so the field key is the property name.
                context.ModelState.AddModelError(error.PropertyName, error.ErrorMessage);
            }
        }
        await next();
    }

    /// <summary>
    /// A value that did not bind (letters for a number, a word for a tick box) gets a short error that does not repeat
    /// it (it may be a megabyte), and the raw value is dropped so the form's tag helpers redisplay the field from the
    /// model instead of failing to convert it again.
    /// </summary>
    private static void ReplaceBindingErrors(Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary modelState)
    {
        foreach (var (key, entry) in modelState.Where(e => e.Value is { Errors.Count: > 0 }).ToList())
        {
            entry!.Errors.Clear();
            modelState.SetModelValue(key, rawValue: null, attemptedValue: null);
            modelState.AddModelError(key, "That value is not valid here.");
        }
    }
}
