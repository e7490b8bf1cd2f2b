@management
Feature: Multiple conferences
  In order to keep each conference's settings and orders private
  As a business customer
  I want my sign-in to open only the conference I located, whatever address I type

  Background:
    Given a business customer has created the conference "Beta summit" with slug "beta"
    And the conference has a seat type "Beta pass" priced at 300 with a quota of 50
    And a business customer has created the conference "Alpha summit" with slug "alpha"

  Scenario Outline: A customer signed in for one conference cannot open another's pages by editing the address
    When the business customer opens the <page> page of the conference "Beta summit" by its address
    Then access is denied and nothing of the conference "Beta summit" is shown

    Examples:
      | page     |
      | details  |
      | edit     |
      | seats    |
      | new-seat |
      | orders   |

  Scenario: A customer signed in for one conference cannot change another
    When the business customer sends a request to publish the conference "Beta summit"
    And the business customer locates the conference "Beta summit" with the email and access code
    Then the conference is not published
    And the seat type "Beta pass" has a quota of 50

  Scenario: The access code of one conference does not open another
    When the business customer locates the conference "Beta summit" with the access code of "Alpha summit"
    Then the business customer is told that no conference matches

  Scenario: Each conference is managed on its own
    When the business customer publishes the conference
    And the business customer locates the conference "Beta summit" with the email and access code
    Then the conference "Beta summit" is shown
    And the conference is not published
