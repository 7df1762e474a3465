// Text a vendor wrote (a title, a name, a note): it may be in any script, so it reads in its own
// direction (`dir="auto"`) whatever the window's language.
import type { ReactNode } from 'react';

export function VendorText(props: {
  className?: string;
  children: ReactNode;
  /** Element Timing's name for this text's paint. */
  elementtiming?: string;
}) {
  return (
    <span className={props.className} dir="auto" elementtiming={props.elementtiming}>
      {props.children}
    </span>
  );
}
