@registration
Feature: Waiting list offers when a reservation runs out
  In order to get the seats another registrant did not pay for
  As a registrant on the waiting list
  I want to be offered them as soon as that reservation runs out

  # A processor, public site and management site of their own, where a reservation's countdown is
  # 40 s and its seats are released when it ends (no expiration buffer), and an offer is held 20 s.
  Background:
    Given waiting-list offers are held 20 seconds, and reservations run out after 40 seconds and release their seats at once

  Scenario: The seats of a reservation that runs out are offered to the first in line
    Given the published conference "Expiry Offer Summit" with these seat types:
      | Name     | Price | Quota |
      | Workshop | 100   | 1     |
    And another registrant has reserved 1 "Workshop" seats
    And "Ann" has joined the waiting list of "Workshop" for 1 seat with "ann@contoso.com"
    When the other registrant's reservation runs out
    Then "Ann" is emailed an offer of 1 seat
    And the management site's waiting list of "Workshop" shows:
      | Name | Seats | Status  | Offers             |
      | Ann  | 1     | Offered | 1 seat(s): Offered |
    When "Ann" opens the link in the offer email and registers with the seats
    Then these seats are reserved:
      | SeatType | Quantity |
      | Workshop | 1        |
