using System.Reflection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.AspNetCore.Mvc.ViewComponents;

namespace Foi.Common.Web;

/// <summary>Lets controllers stay <c>internal sealed</c> like the rest of a module (MVC only finds public ones by default).</summary>
internal sealed class InternalControllerFeatureProvider : ControllerFeatureProvider
{
    protected override bool IsController(TypeInfo typeInfo) =>
        typeInfo is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
        && typeInfo.Name.EndsWith("Controller", StringComparison.Ordinal)
        && typeof(Microsoft.AspNetCore.Mvc.ControllerBase).IsAssignableFrom(typeInfo);
}

/// <summary>Lets view components be <c>internal sealed</c> too; they are marked with <see cref="ViewComponentAttribute"/>.</summary>
internal sealed class InternalViewComponentFeatureProvider : IApplicationFeatureProvider<ViewComponentFeature>
{
    public void PopulateFeature(IEnumerable<ApplicationPart> parts, ViewComponentFeature feature)
    {
        foreach (var type in parts.OfType<IApplicationPartTypeProvider>().SelectMany(part => part.Types))
        {
            if (type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false }
                && type.GetCustomAttribute<ViewComponentAttribute>() is not null
                && !feature.ViewComponents.Contains(type))
            {
                feature.ViewComponents.Add(type);
            }
        }
    }
}

/// <summary>
/// Finds a view beside its controller: <c>Foi.Modules.Requests.FileRequest.FileRequestController</c> renders
/// <c>/Modules/Requests/FileRequest/{view}.cshtml</c>. Shared views (layout, errors) live in <c>/Common/Web/Views</c>.
/// </summary>
internal sealed class SliceViewLocationExpander : IViewLocationExpander
{
    private const string SliceKey = "slice";

    public void PopulateValues(ViewLocationExpanderContext context)
    {
        if (context.ActionContext.ActionDescriptor is ControllerActionDescriptor descriptor
            && descriptor.ControllerTypeInfo.Namespace is { } ns
            && ns.StartsWith("Foi.", StringComparison.Ordinal))
        {
            context.Values[SliceKey] = "/" + ns["Foi.".Length..].Replace('.', '/');
        }
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations)
    {
        if (context.Values.TryGetValue(SliceKey, out var slice) && slice is not null)
        {
            yield return slice + "/{0}.cshtml";
        }
        yield return "/Common/Web/Views/{0}.cshtml";
    }
}
