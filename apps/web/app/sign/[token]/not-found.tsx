import { PublicLinkNotice } from "@/components/public-link-shell";

// The 404 of the public signing page (an unknown or mistyped link): the patient is signed out and on
// their phone, so this speaks to them rather than showing the app's own "Page not found".
export default function SigningLinkNotFound() {
  return (
    <PublicLinkNotice title="This link does not work" width="xl">
      This signing link is not valid. Check that you opened the whole link from the message.
    </PublicLinkNotice>
  );
}
