import { PublicLinkNotice } from "@/components/public-link-shell";

// The 404 of the public approval page (an unknown or mistyped link): the reader has no Vetted
// account, so this speaks to them rather than showing the app's own "Page not found".
export default function ApproveLinkNotFound() {
  return (
    <PublicLinkNotice title="This link does not work" width="xl">
      This approval link is not valid. Check that you opened the whole link from the newest message: a new message replaces the link in the one before.
    </PublicLinkNotice>
  );
}
