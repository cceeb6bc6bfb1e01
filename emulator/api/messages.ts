/** The API's error messages, in the documentation's wording where it gives one. */
export const INVALID_API_KEY = 'Invalid or missing API Key';
export const INVALID_USERNAME = 'Missing or invalid username';
export const PROFILE_NOT_FOUND = 'Profile not found';
export const PROFILE_EXISTS = 'A profile with the provided username already exists';
export const PROFILE_LIMIT_REACHED = 'Profile limit reached for the current plan';
export const PROFILE_BLOCKED = 'Profile exists but is blocked by plan limits';
export const PROFILE_DELETED = 'Perfil eliminado correctamente';
export const MISSING_JWT = 'Invalid, expired, or missing JWT token in the Authorization header';
