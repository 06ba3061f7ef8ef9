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
}
