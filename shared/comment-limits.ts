// How long a comment may be: the windows check it as they are typed, main again on the way in.

/** The longest comment Tasktray sends. */
export const MAX_COMMENT_LENGTH = 2000;
