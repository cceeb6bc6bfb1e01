/**
 * Stands for a Next.js app's own session lookup (Auth.js `auth()`, iron-session, …) in
 * `mount-in-nextjs.ts`: here the user id is simply the `session` cookie.
 */
export async function getSession(request: Request): Promise<{ userId: string } | undefined> {
  const userId = /(?:^|;\s*)session=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1];
  return userId ? { userId } : undefined;
}
