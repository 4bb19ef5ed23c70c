import { PublicLinkNotice } from "@/components/public-link-shell";

// The 404 of the public acknowledgement page (an unknown, mistyped or replaced link): the reader is
// usually signed out, so this speaks to them rather than showing the app's own "Page not found".
export default function AckLinkNotFound() {
  return (
    <PublicLinkNotice title="This link does not work" width="xl">
      This acknowledgement link is not valid. Check that you opened the whole link from the newest message: each new message replaces the
      link in the one before.
    </PublicLinkNotice>
  );
}
