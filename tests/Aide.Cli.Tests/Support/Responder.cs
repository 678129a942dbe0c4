using Microsoft.AspNetCore.Http;

namespace Aide.Cli.Tests.Support;

/// <summary>How the loopback server answers one request.</summary>
public delegate Task Responder(HttpContext context, RecordedRequest request);
