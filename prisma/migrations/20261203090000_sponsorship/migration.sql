-- CreateEnum
CREATE TYPE "OrgMemberRole" AS ENUM ('owner', 'member');

-- CreateEnum
CREATE TYPE "OrderStatus" AS ENUM ('pending', 'processing', 'paid', 'failed', 'refunded');

-- AlterEnum
ALTER TYPE "SeatFunding" ADD VALUE 'sponsor';

-- AlterTable
ALTER TABLE "Invitation" ADD COLUMN     "orgRole" "OrgMemberRole" NOT NULL DEFAULT 'member';

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "orgRole" "OrgMemberRole" NOT NULL DEFAULT 'member';

-- AlterTable
ALTER TABLE "Seat" ADD COLUMN     "orderId" TEXT,
ADD COLUMN     "rollOver" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "SeatPrice" (
    "id" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeatPrice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SponsorOrder" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "cohortId" TEXT,
    "seats" INTEGER NOT NULL,
    "unitAmountMinor" INTEGER NOT NULL,
    "amountMinor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "rollOver" BOOLEAN NOT NULL DEFAULT true,
    "status" "OrderStatus" NOT NULL DEFAULT 'pending',
    "provider" TEXT NOT NULL,
    "checkoutSessionId" TEXT,
    "checkoutUrl" TEXT,
    "paymentIntentId" TEXT,
    "seatsCreated" INTEGER NOT NULL DEFAULT 0,
    "paidAt" TIMESTAMP(3),
    "failedAt" TIMESTAMP(3),
    "refundedAmountMinor" INTEGER NOT NULL DEFAULT 0,
    "seatsRemoved" INTEGER NOT NULL DEFAULT 0,
    "seatsKept" INTEGER NOT NULL DEFAULT 0,
    "refundedAt" TIMESTAMP(3),
    "receipt" JSONB,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SponsorOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StripeEvent" (
    "id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "objectId" TEXT,
    "orderId" TEXT,
    "outcome" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StripeEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SeatPrice_courseId_key" ON "SeatPrice"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "SponsorOrder_checkoutSessionId_key" ON "SponsorOrder"("checkoutSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "SponsorOrder_paymentIntentId_key" ON "SponsorOrder"("paymentIntentId");

-- CreateIndex
CREATE INDEX "SponsorOrder_orgId_createdAt_idx" ON "SponsorOrder"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "SponsorOrder_courseId_idx" ON "SponsorOrder"("courseId");

-- CreateIndex
CREATE INDEX "StripeEvent_orderId_idx" ON "StripeEvent"("orderId");

-- CreateIndex
CREATE INDEX "Seat_orderId_usedAt_idx" ON "Seat"("orderId", "usedAt");

-- AddForeignKey
ALTER TABLE "SeatPrice" ADD CONSTRAINT "SeatPrice_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Checks the schema cannot say: an order is for 1 to 1,000 seats at a price of zero or more in a
-- three-letter lower-case currency, and never has more seats made, removed or kept than it paid for.
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_seats_check" CHECK ("seats" BETWEEN 1 AND 1000);
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_amount_check" CHECK ("unitAmountMinor" >= 0 AND "amountMinor" = "unitAmountMinor" * "seats");
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_currency_check" CHECK ("currency" ~ '^[a-z]{3}$');
ALTER TABLE "SponsorOrder" ADD CONSTRAINT "SponsorOrder_seats_made_check" CHECK ("seatsCreated" BETWEEN 0 AND "seats" AND "seatsRemoved" + "seatsKept" <= "seats");
ALTER TABLE "SeatPrice" ADD CONSTRAINT "SeatPrice_amount_check" CHECK ("amountMinor" >= 0 AND "currency" ~ '^[a-z]{3}$');
