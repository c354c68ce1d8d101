import { NextResponse, type NextRequest } from 'next/server';

// Runs before every page and route handler (Next.js 16 runs proxy.ts, formerly middleware.ts, on Node.js), as an
// auth check or a header rewrite would. Tracing keeps one SERVER span per request with it in place.
export function proxy(request: NextRequest) {
  const response = NextResponse.next();
  response.headers.set('x-shop-proxy', request.nextUrl.pathname);
  return response;
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
};
