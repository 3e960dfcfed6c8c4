/** The portal's session cookie name. */
export const SESSION_COOKIE = "highway_session";
